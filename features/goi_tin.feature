# language: vi
@area_goi_tin
Tính năng: Gói tin edXML: nội dung, định dạng và tệp đính kèm
  Văn bản điện tử đi trên Trục liên thông văn bản quốc gia dưới dạng gói tin edXML theo
  QCVN 102:2016/BTTTT. Gói tin phải đọc được, đúng lược đồ, thể hiện đủ thông tin của văn bản và
  mang đủ các tệp đính kèm. Mỗi gói tin hệ thống được kiểm thử gửi đi được kiểm tra trọn vẹn; mỗi
  gói tin sai quy chuẩn chuyển đến hệ thống phải bị từ chối mà không làm hỏng hệ thống.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @QD28-14.2 @QCVN102-XML @QCVN102-NAMESPACE @QCVN102-SCHEMA @QCVN102-ENCODING @QCVN102-FORM
  Khung kịch bản: Gói tin của một "<loai_van_ban>" gửi đi đúng định dạng edXML
    Theo khoản 2 Điều 14 QĐ 28/2018/QĐ-TTg, hệ thống QLVB-ĐH "gửi, nhận văn bản điện tử qua Trục
    liên thông văn bản quốc gia sử dụng mã định danh và định dạng dữ liệu gói tin, phản hồi trạng
    thái xử lý văn bản theo quy định của Bộ Thông tin và Truyền thông", tức QCVN 102:2016/BTTTT:
    tài liệu XML đúng cú pháp, mã hóa UTF-8, phần tử gốc edXML trong không gian tên của quy chuẩn,
    đúng lược đồ. Hình thức biểu diễn (tiền tố, thứ tự phần tử, nén tệp) được ghi nhận để đối chiếu.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "<loai_van_ban>" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QCVN102-XML"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ENCODING"
    Và gói tin gửi đi đạt quy tắc "QCVN102-NAMESPACE"
    Và gói tin gửi đi đạt quy tắc "QCVN102-SCHEMA"
    Và gói tin gửi đi đạt quy tắc "QCVN102-FORM"
    Và gói tin gửi đi đạt quy tắc "QD28-14.2"

    Dữ liệu:
      | loai_van_ban |
      | Công văn     |
      | Quyết định   |
      | Thông báo    |
      | Kế hoạch     |
      | Báo cáo      |
      | Tờ trình     |
      | Giấy mời     |
      | Công điện    |

  @sut_gui @QD28-10.2c @QD28-10.2d @QD28-10.2đ @QD28-10.2e @QD28-10.2i @QD28-10.2l @QD28-10.2m @QD28-10.2n @DN35-9.2a
  Khung kịch bản: Gói tin gửi đi thể hiện <thong_tin_vb> của văn bản
    Theo khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, hệ thống QLVB-ĐH "phải thể hiện các thông tin sau đây
    của văn bản điện tử", trong đó có: c) số và kí hiệu văn bản; d) ngày, tháng, năm văn bản;
    đ) loại văn bản; e) trích yếu nội dung văn bản; i) chức vụ, họ tên người ký; l) Bên gửi;
    m) Bên nhận; n) thời gian gửi, nhận. Điểm a khoản 2 Điều 9 Quy định kèm theo QĐ 35/2016/QĐ-UBND
    tỉnh Đắk Nông nhắc lại danh sách này (số và ký hiệu; ngày tháng; tên loại; trích yếu; độ khẩn;
    cơ quan ban hành; nơi gửi; nơi nhận; ngày gửi, ngày nhận; danh sách văn bản đi kèm).
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có đủ trường "<truong>"
    Và gói tin gửi đi đạt quy tắc "<ma_quy_tac>"
    Và gói tin gửi đi đạt quy tắc "DN35-9.2a"

    Dữ liệu:
      | thong_tin_vb             | truong                                                | ma_quy_tac  |
      | số và ký hiệu            | Code/CodeNumber, Code/CodeNotation                    | QD28-10.2c  |
      | ngày, tháng, năm         | PromulgationInfo/PromulgationDate                     | QD28-10.2d  |
      | loại văn bản             | DocumentType/TypeName                                 | QD28-10.2đ  |
      | trích yếu nội dung       | Subject                                               | QD28-10.2e  |
      | chức vụ, họ tên người ký | SignerInfo/Position, SignerInfo/FullName              | QD28-10.2i  |
      | Bên gửi                  | From/OrganId, From/OrganName                          | QD28-10.2l  |
      | Bên nhận                 | To/OrganId, To/OrganName                              | QD28-10.2m  |
      | thời gian gửi            | TraceHeaderList/TraceHeader/Timestamp                 | QD28-10.2n  |

  @sut_gui @QD28-10.2o @QCVN102-DATE @QCVN102-DATE-ORDER
  Kịch bản: Văn bản có thời hạn xử lý ghi hạn xử lý trong gói tin
    Theo điểm o khoản 2 Điều 10 QĐ 28/2018/QĐ-TTg, hệ thống QLVB-ĐH phải thể hiện "thời hạn xử lý"
    của văn bản. QCVN 102:2016/BTTTT ghi hạn xử lý (DueDate) dạng yyyy/MM/dd; hạn xử lý không được
    trước ngày ban hành.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" theo mẫu "có hạn xử lý" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có đủ trường "DueDate"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2o"
    Và gói tin gửi đi đạt quy tắc "QCVN102-DATE"
    Và gói tin gửi đi đạt quy tắc "QCVN102-DATE-ORDER"

  @sut_gui @QCVN102-DATE @QCVN102-DATETIME @QCVN102-STEERING
  Kịch bản: Ngày, thời gian và loại chỉ đạo trong gói tin gửi đi đúng định dạng và danh mục
    QCVN 102:2016/BTTTT (tóm tắt): ngày viết dạng yyyy/MM/dd và là ngày có thật; thời gian viết
    dạng yyyy/MM/dd HH:mm:ss theo giờ Việt Nam; loại chỉ đạo (SteeringType) có mặt và thuộc danh
    mục.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QCVN102-DATE"
    Và gói tin gửi đi đạt quy tắc "QCVN102-DATETIME"
    Và gói tin gửi đi đạt quy tắc "QCVN102-STEERING"

  @sut_gui @QD28-10.1 @QD28-10.2g @QCVN102-MANIFEST @QCVN102-BASE64 @QCVN102-ZIP @QCVN102-ATTACHMENT-TYPE @DN35-9.1c @VP11796-1g
  Khung kịch bản: Văn bản gửi kèm <so_tep> tệp "<dinh_dang>" đến nơi với đầy đủ tệp đính kèm
    Theo khoản 1 Điều 10 QĐ 28/2018/QĐ-TTg, nội dung thông tin của văn bản điện tử "bao gồm nội
    dung của văn bản điện tử đó và toàn bộ nội dung hồ sơ, tài liệu được gửi kèm theo"; điểm g
    khoản 2 Điều 10 yêu cầu thể hiện "hồ sơ, tài liệu gửi kèm". Điểm g mục 1 Công văn
    11796/VPCP-KSTT yêu cầu văn bản trên Trục "đầy đủ nội dung đính kèm". Điểm c khoản 1 Điều 9
    Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông dùng định dạng .doc, .docx, .odt, .txt, .rtf cho
    văn bản có thể chỉnh sửa và .pdf cho văn bản được quét.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" kèm <so_tep> tệp đính kèm "<dinh_dang>" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có văn bản chính và <so_tep> tệp đính kèm đọc được
    Và gói tin gửi đi đạt quy tắc "QD28-10.1"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2g"
    Và gói tin gửi đi đạt quy tắc "QCVN102-MANIFEST"
    Và gói tin gửi đi đạt quy tắc "QCVN102-BASE64"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ZIP"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ATTACHMENT-TYPE"
    Và gói tin gửi đi đạt quy tắc "DN35-9.1c"
    Và gói tin gửi đi đạt quy tắc "VP11796-1g"

    Dữ liệu:
      | so_tep | dinh_dang |
      | 1      | pdf       |
      | 2      | docx      |
      | 1      | doc       |
      | 1      | odt       |
      | 1      | xlsx      |
      | 1      | rtf       |

  @sut_gui @DN35-9.1b @TCVN6909-NFC @QCVN102-ENCODING
  Kịch bản: Nội dung tiếng Việt trong gói tin gửi đi dùng Unicode dựng sẵn
    Theo điểm b khoản 1 Điều 9 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông: "Sử dụng bộ mã các
    ký tự tiếng Việt theo tiêu chuẩn TCVN 6909:2001 để thể hiện các nội dung văn bản điện tử".
    Văn bản dùng Unicode dạng dựng sẵn (chuẩn hóa NFC), không dùng bảng mã 8 bit cũ (TCVN3, VNI);
    gói tin mã hóa UTF-8.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" theo mẫu "nội dung tiếng Việt có dấu" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "DN35-9.1b"
    Và gói tin gửi đi đạt quy tắc "TCVN6909-NFC"
    Và gói tin gửi đi đạt quy tắc "QCVN102-ENCODING"

  @sut_gui @VP11796-1g @QD28-14.2
  Kịch bản: Văn bản gửi lên Trục đáp ứng đủ các yêu cầu tổng hợp của Văn phòng Chính phủ
    Theo điểm g mục 1 Công văn 11796/VPCP-KSTT: "100% văn bản điện tử gửi, nhận trên Trục liên
    thông văn bản quốc gia phải được tích hợp chữ ký số và được xác thực theo quy định tại Thông tư
    số 41/2017/TT-BTTTT ...; đầy đủ nội dung đính kèm; tuân thủ các quy định về thời gian gửi, nhận
    văn bản; cập nhật đầy đủ nội dung thông tin, bảo đảm đúng thể thức văn bản điện tử theo quy
    định; gửi văn bản điện tử đúng thẩm quyền". Mục 1 Công văn 2364/UBND-KSTT tỉnh Khánh Hòa nhắc
    lại yêu cầu này.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Báo cáo" kèm 1 tệp đính kèm "xlsx" gửi đến "Cơ quan A, Cơ quan B"
    Thì gói tin gửi đi chỉ đến đúng "Cơ quan A, Cơ quan B"
    Và gói tin gửi đi đạt quy tắc "VP11796-1g"
    Và gói tin gửi đi đạt quy tắc "QD28-14.2"

  @sut_nhan @QD28-14.2 @QCVN102-FORM @QCVN102-ZIP
  Khung kịch bản: Gói tin hợp lệ ở dạng biểu diễn "<dang>" được nhận bình thường
    Theo khoản 2 Điều 14 QĐ 28/2018/QĐ-TTg, các hệ thống dùng định dạng gói tin của Bộ Thông tin
    và Truyền thông. Các thư viện đang dùng trên Trục viết cùng một gói tin theo những cách khác
    nhau về tiền tố, thứ tự phần tử, cách viết khối nghiệp vụ và việc nén tệp đính kèm; các cách
    viết đó tương đương nhau với bộ đọc XML nên Bên nhận phải đọc được tất cả.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" ở dạng biểu diễn "<dang>" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống lấy văn bản "VB1" về và báo trạng thái truyền "done" với trục
    Và trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có đủ thông tin của gói tin

    Dữ liệu:
      | dang                                  |
      | thứ tự phần tử của thư viện VNPT      |
      | dạng của SDK .NET                     |
      | khối nghiệp vụ viết Business          |
      | chữ ký XML trong không gian tên edXML |
      | tệp đính kèm nén ZIP                  |
      | tệp đính kèm không nén                |

  @sut_nhan @QD28-9.1 @QCVN102-STATUS-REASON @QCVN102-SCHEMA @QCVN102-MANIFEST @QD28-10.1 @QCVN102-BASE64 @QCVN102-ZIP @QCVN102-DATE @QCVN102-ATTACHMENT-TYPE @DN35-9.1b
  Khung kịch bản: Gói tin đọc được nhưng sai quy chuẩn (<loai_loi>) bị từ chối kèm lý do
    Theo khoản 1 Điều 9 QĐ 28/2018/QĐ-TTg, trước khi tiếp nhận, Bên nhận "phải kiểm tra tính đầy
    đủ, toàn vẹn, tính xác thực của văn bản điện tử"; nếu không bảo đảm thì "phải kịp thời phản
    hồi thông qua hệ thống quản lý văn bản và điều hành để Bên gửi biết, xử lý theo quy định".
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
    Nhưng trong vòng 15 phút hệ thống không gửi phản hồi trạng thái "03" cho văn bản "VB1"

    Dữ liệu:
      | loai_loi                                       | ma_quy_tac              |
      | edXML sai cấu trúc                             | QCVN102-SCHEMA          |
      | thiếu tệp đính kèm                             | QCVN102-MANIFEST        |
      | nội dung tệp đính kèm không phải base64 hợp lệ | QCVN102-BASE64          |
      | tệp ZIP đính kèm hỏng                          | QCVN102-ZIP             |
      | ngày ban hành không có thật                    | QCVN102-DATE            |
      | tệp đính kèm là tệp thực thi                   | QCVN102-ATTACHMENT-TYPE |
      | văn bản mã hóa ký tự TCVN3                     | DN35-9.1b               |

  @sut_nhan @QCVN102-XML @QCVN102-NAMESPACE @QCVN102-ENCODING @QD28-14.2
  Khung kịch bản: Gói tin không đọc được (<loai_loi>) không làm hỏng hệ thống
    Gói tin không phải edXML đọc được thì không đáp ứng khoản 2 Điều 14 QĐ 28/2018/QĐ-TTg (định dạng
    gói tin theo quy định của Bộ Thông tin và Truyền thông). Khi không dựng được phản hồi trạng thái
    cho văn bản, Bên nhận báo cho trục rằng không xử lý được gói tin và tiếp tục hoạt động bình
    thường.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "<loai_loi>" trái quy tắc "<ma_quy_tac>"
    Thì trong vòng 15 phút hệ thống từ chối văn bản "VB1" bằng phản hồi "02" hoặc trạng thái truyền "fail"
    Và hệ thống vẫn xử lý bình thường một văn bản hợp lệ chuyển đến sau đó

    Dữ liệu:
      | loai_loi                    | ma_quy_tac        |
      | không phải XML đúng cú pháp | QCVN102-XML       |
      | sai không gian tên edXML    | QCVN102-NAMESPACE |
      | chuỗi byte UTF-8 sai        | QCVN102-ENCODING  |
