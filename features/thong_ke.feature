# language: vi
@area_thong_ke
Tính năng: Thống kê tình hình gửi, nhận văn bản điện tử
  Việc tổng hợp, trích xuất thông tin về tình hình, kết quả gửi, nhận văn bản điện tử được thực
  hiện tự động trên các hệ thống, và thông tin đó được chia sẻ, công khai. Không có mẫu thống kê
  bắt buộc, nên bộ kiểm thử đối chiếu số liệu (đã gửi, đã nhận, theo trạng thái, đúng hạn hay
  chậm) với nhật ký của trục và chỉ nêu khuyến nghị khi có chênh lệch.

  Bối cảnh:
    Cho trục liên thông tham chiếu đã sẵn sàng

  @truc @sut_gui @sut_nhan @QD28-11 @QD28-14.3
  Kịch bản: Thống kê của trục cho cơ quan được kiểm thử khớp với nhật ký trao đổi
    Theo Điều 11 QĐ 28/2018/QĐ-TTg: "Việc tổng hợp, trích xuất thông tin, dữ liệu về tình hình, kết
    quả gửi, nhận văn bản điện tử của các cơ quan trong hệ thống hành chính nhà nước được thực hiện
    tự động trên các hệ thống"; khoản 1 giao Văn phòng Chính phủ tổng hợp "thông qua Trục liên thông
    văn bản quốc gia". Theo khoản 3 Điều 14, thông tin về tình hình gửi, nhận "bảo đảm chia sẻ, công
    khai".
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Và hệ thống được kiểm thử ban hành văn bản "VB2" là "Báo cáo" độ khẩn "Khẩn" gửi đến "Cơ quan A, Cơ quan B"
    Và trục chuyển đến hệ thống văn bản "VB3" loại "Công văn" độ khẩn "Thường" từ "Cơ quan B"
    Và trục chuyển đến hệ thống văn bản "VB4" có lỗi "thiếu tệp đính kèm" trái quy tắc "QCVN102-MANIFEST"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB3" và tự quyết định tiếp nhận hay từ chối
    Và hệ thống được kiểm thử kiểm tra văn bản "VB4" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB3"
    Và trong vòng 15 phút hệ thống gửi phản hồi trạng thái "02" cho văn bản "VB4"
    Và thống kê của trục cho "Cơ quan kiểm thử" khớp với nhật ký trục
    Và thống kê của trục cho "Cơ quan A" khớp với nhật ký trục

  @sut_gui @sut_nhan @kha_nang_thong_ke @QD28-11 @QD28-14.3
  Kịch bản: Thống kê do hệ thống được kiểm thử tự trích xuất khớp với nhật ký trục
    Theo Điều 11 QĐ 28/2018/QĐ-TTg, văn phòng bộ, ngành, địa phương tổng hợp, trích xuất thông tin về
    tình hình gửi, nhận văn bản điện tử "thông qua hệ thống quản lý văn bản và điều hành" của mình,
    một cách tự động. Theo khoản 3 Điều 14, thông tin đó được chia sẻ, công khai trên hệ thống quản
    lý văn bản và điều hành. Số liệu hệ thống đưa ra phải khớp với những gì thực sự đi qua trục.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử là cơ quan nhận "Cơ quan kiểm thử"
    Khi hệ thống được kiểm thử ban hành văn bản "VB1" là "Công văn" độ khẩn "Thường" gửi đến "Cơ quan A"
    Và "Cơ quan A" gửi phản hồi trạng thái "03" kèm mô tả "Đã tiếp nhận" cho văn bản "VB1"
    Và trục chuyển đến hệ thống văn bản "VB2" loại "Kế hoạch" độ khẩn "Thường" từ "Cơ quan B"
    Và hệ thống được kiểm thử kiểm tra văn bản "VB2" và tự quyết định tiếp nhận hay từ chối
    Thì trong vòng 15 phút hệ thống gửi phản hồi trạng thái "03" cho văn bản "VB2"
    Và thống kê của hệ thống được kiểm thử khớp với nhật ký trục

  @truc @sut_gui @QD28-11
  Kịch bản: Thống kê của trục tính theo từng trạng thái Bên nhận phản hồi
    Theo Điều 11 QĐ 28/2018/QĐ-TTg, số liệu về "tình hình, kết quả gửi, nhận" được tổng hợp tự động;
    kết quả gồm cả việc văn bản đã được tiếp nhận hay bị từ chối ở từng Bên nhận.
    Cho hệ thống được kiểm thử là cơ quan gửi "Cơ quan kiểm thử"
    Và hệ thống được kiểm thử ban hành văn bản "VB1" là "Thông báo" độ khẩn "Thường" gửi đến "Cơ quan A, Cơ quan B, Cơ quan C"
    Khi "Cơ quan A" gửi phản hồi trạng thái "03" kèm mô tả "Đã tiếp nhận" cho văn bản "VB1"
    Và "Cơ quan B" gửi phản hồi trạng thái "02" kèm mô tả "Văn bản không thuộc thẩm quyền giải quyết" cho văn bản "VB1"
    Và "Cơ quan C" gửi phản hồi trạng thái "06" kèm mô tả "Đã hoàn thành xử lý" cho văn bản "VB1"
    Thì thống kê của trục cho "Cơ quan kiểm thử" khớp với nhật ký trục
    Và hồ sơ của hệ thống về văn bản "VB1" ghi nhận trạng thái "02" từ "Cơ quan B"
