# language: vi
@area_van_ban_khan
Tính năng: Văn bản khẩn: mức độ khẩn, chế độ ưu tiên và gửi ngay
  Văn bản khẩn, thượng khẩn, hỏa tốc phải ghi rõ mức độ khẩn, được đặt ở chế độ ưu tiên, được gửi
  ngay sau khi ký số và được chuyển xử lý ngay sau khi tiếp nhận. Theo hồ sơ tỉnh (TT 01/2019/TT-BNV)
  văn bản khẩn còn có thêm chữ ký số của cơ quan tại vị trí dấu chỉ mức độ khẩn.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @sut_gui @kha_nang_van_ban_khan @LC2019-6.4a @QCVN102-PRIORITY @QD28-10.2k
  Khung kịch bản: Văn bản độ khẩn "<do_khan>" ghi rõ mức độ khẩn trong gói tin
    Theo đoạn hai khoản 2 Điều 6 QĐ 28/2018/QĐ-TTg: "Trường hợp văn bản điện tử thuộc loại khẩn phải
    được đặt ở chế độ ưu tiên, ghi rõ mức độ khẩn"; điểm k khoản 2 Điều 10 yêu cầu thể hiện "mức độ
    khẩn (khẩn/thượng khẩn/hỏa tốc)". Điểm a khoản 4 Điều 6 Quy chế tỉnh Lào Cai (2019) nhắc lại yêu
    cầu này. QCVN 102:2016/BTTTT ghi độ khẩn ở OtherInfo/Priority: 0 thường, 1 khẩn, 2 thượng khẩn,
    3 hỏa tốc, 4 hỏa tốc hẹn giờ.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công điện" độ khẩn "<do_khan>" gửi đến "Cơ quan A"
    Thì gói tin gửi đi có trường "OtherInfo/Priority" là "<ma_do_khan>"
    Và gói tin gửi đi đạt quy tắc "QCVN102-PRIORITY"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2k"
    Và gói tin gửi đi đạt quy tắc "LC2019-6.4a"

    Dữ liệu:
      | do_khan     | ma_do_khan |
      | Khẩn        | 1          |
      | Thượng khẩn | 2          |
      | Hỏa tốc     | 3          |

  @sut_gui @QCVN102-PRIORITY @QD28-10.2k
  Kịch bản: Văn bản thường ghi độ khẩn "Thường"
    Theo điểm a khoản 2 Điều 9 Quy định kèm QĐ 35/2016/QĐ-UBND tỉnh Đắk Nông, độ khẩn gồm "thường,
    khẩn, thượng khẩn, hỏa tốc"; QCVN 102:2016/BTTTT ghi văn bản thường là Priority 0. Gói tin
    không ghi độ khẩn được hiểu là văn bản thường.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QCVN102-PRIORITY"
    Và gói tin gửi đi đạt quy tắc "QD28-10.2k"

  @sut_gui @kha_nang_van_ban_khan @QD28-6.2 @ND30-18.1
  Kịch bản: Văn bản hỏa tốc được gửi ngay sau khi ký số
    Theo đoạn hai khoản 2 Điều 6 QĐ 28/2018/QĐ-TTg, văn bản khẩn phải được "gửi ngay sau khi đã ký
    số"; khoản 1 Điều 18 NĐ 30/2020/NĐ-CP (tóm tắt) cũng yêu cầu văn bản khẩn được phát hành ngay
    sau khi ký. Bộ kiểm thử hiểu "ngay" là trong thời hạn urgent_max_delay_minutes của hồ sơ quy
    định, tính từ chữ ký số của cơ quan đến lúc trục nhận gói tin.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công điện" độ khẩn "Hỏa tốc" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "QD28-6.2"
    Và gói tin gửi đi đạt quy tắc "ND30-18.1"

  @sut_gui @kha_nang_van_ban_khan @ho_so_tt01-2019 @LC2019-6.4c
  Kịch bản: Theo hồ sơ tỉnh, văn bản khẩn được gửi ngay sau khi ký số
    Theo điểm c khoản 4 Điều 6 Quy chế tỉnh Lào Cai (2019), với văn bản khẩn "Bên gửi phải gửi ngay
    sau khi đã ký số, Bên nhận phải trình, chuyển giao xử lý ngay sau khi tiếp nhận".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thượng khẩn" gửi đến "Cơ quan A"
    Thì gói tin gửi đi đạt quy tắc "LC2019-6.4c"

  @sut_gui @kha_nang_van_ban_khan @ho_so_tt01-2019 @LC2019-6.4b
  Kịch bản: Văn bản khẩn có thêm chữ ký số của cơ quan tại vị trí dấu chỉ mức độ khẩn
    Theo điểm b khoản 4 Điều 6 Quy chế tỉnh Lào Cai (2019), văn bản khẩn "có thêm chữ ký số của tổ
    chức ban hành văn bản theo hình thức sau": vị trí "tại vị trí đóng dấu chỉ mức độ khẩn trên văn
    bản giấy"; hình ảnh "dấu chỉ mức độ khẩn, màu đỏ, kích thước bằng kích thước thực tế của dấu,
    định dạng .png".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Khẩn" gửi đến "Cơ quan A"
    Thì tệp "văn bản chính" của gói tin gửi đi có chữ ký số của "cơ quan ban hành tại dấu độ khẩn"
    Và chữ ký số của "cơ quan ban hành tại dấu độ khẩn" trên tệp "văn bản chính" nằm ở "vị trí dấu chỉ mức độ khẩn"
    Và chữ ký số của "cơ quan ban hành tại dấu độ khẩn" trên tệp "văn bản chính" có hình ảnh "dấu chỉ mức độ khẩn" màu "đỏ" định dạng PNG
    Và gói tin gửi đi đạt quy tắc "LC2019-6.4b"

  @sut_nhan @LC2019-6.4a @QD28-10.2k @QD28-6.2
  Khung kịch bản: Văn bản đến độ khẩn "<do_khan>" được hiển thị rõ mức độ khẩn và đặt ở chế độ ưu tiên
    Theo đoạn hai khoản 2 Điều 6 QĐ 28/2018/QĐ-TTg, văn bản khẩn "phải được đặt ở chế độ ưu tiên,
    ghi rõ mức độ khẩn ... và phải được trình, chuyển giao xử lý ngay sau khi tiếp nhận"; điểm k
    khoản 2 Điều 10 yêu cầu hệ thống thể hiện mức độ khẩn.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công điện" độ khẩn "<do_khan>" từ "Cơ quan A"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "01" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "độ khẩn" là "<do_khan>"
    Và hồ sơ của hệ thống về văn bản "VB1" có "ưu tiên" là "có"

    Dữ liệu:
      | do_khan         |
      | Khẩn            |
      | Thượng khẩn     |
      | Hỏa tốc         |
      | Hỏa tốc hẹn giờ |

  @sut_nhan @ho_so_tt01-2019 @LC2019-6.4c
  Kịch bản: Theo hồ sơ tỉnh, văn bản khẩn đến được tiếp nhận và chuyển xử lý ngay
    Theo điểm c khoản 4 Điều 6 Quy chế tỉnh Lào Cai (2019), Bên nhận văn bản khẩn "phải trình, chuyển
    giao xử lý ngay sau khi tiếp nhận". Hệ thống phải đưa văn bản vào chế độ ưu tiên và báo trạng
    thái tiếp nhận, phân công ngay khi văn thư, lãnh đạo thao tác.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" loại "Công điện" độ khẩn "Hỏa tốc" từ "Cơ quan A"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Và hệ thống được kiểm thử chuyển văn bản "VB1" sang bước "phân công"
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "04" cho văn bản "VB1"
    Và hồ sơ của hệ thống về văn bản "VB1" có "ưu tiên" là "có"
    Và các phản hồi trạng thái của hệ thống cho văn bản "VB1" theo thứ tự "01, 03, 04"

  @sut_nhan @QCVN102-PRIORITY @QCVN102-STATUS-REASON
  Kịch bản: Văn bản đến có độ khẩn ngoài danh mục bị từ chối kèm lý do
    QCVN 102:2016/BTTTT chỉ cho phép độ khẩn 0 (thường), 1 (khẩn), 2 (thượng khẩn), 3 (hỏa tốc) và 4
    (hỏa tốc hẹn giờ). Với giá trị khác, Bên nhận không biết văn bản khẩn đến mức nào nên phải
    phản hồi để Bên gửi sửa.
    Cho hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi trục chuyển đến hệ thống văn bản "VB1" có lỗi "độ khẩn ngoài danh mục" trái quy tắc "QCVN102-PRIORITY"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB1" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB1"
    Và phản hồi trạng thái "02" của hệ thống đạt quy tắc "QCVN102-STATUS-REASON"
